/** A list page, or Belvo's answer to a page or filter it refuses. */
import { InvalidFilter, InvalidPage } from '../listing.js';
import { HttpAnswer, belvoError } from './answer.js';

export function listAnswer(page: () => unknown): HttpAnswer {
  try {
    return new HttpAnswer(200, page());
  } catch (error) {
    if (error instanceof InvalidPage) return belvoError(404, { code: 'not_found', message: 'Invalid page.' });
    if (error instanceof InvalidFilter)
      return belvoError(400, { code: 'invalid', message: 'Enter a valid value.', field: error.field });
    throw error;
  }
}
