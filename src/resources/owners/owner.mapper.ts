import type { Item } from '../../belvo/client.js';
import { InvalidItemError } from '../../belvo/errors.js';
import type { BelvoOwner } from '../../belvo/contract/types.js';
import type { Owner } from './owner.type.js';

export function toOwner(owner: BelvoOwner): Owner {
  return {
    id: owner.id,
    linkId: owner.link,
    internalIdentification: owner.internal_identification,
    collectedAt: owner.collected_at,
    createdAt: owner.created_at,
    displayName: owner.display_name,
    email: owner.email,
    phoneNumber: owner.phone_number,
    address: owner.address,
    documentId: owner.document_id
      ? { documentType: owner.document_id.document_type, documentNumber: owner.document_id.document_number }
      : null,
    firstName: owner.first_name,
    lastName: owner.last_name,
    secondLastName: owner.second_last_name,
    businessName: owner.business_name,
  };
}

/** A list item that failed its schema stays an error, which fails that item's path alone. */
export const toOwnerItem = (item: Item<BelvoOwner>): Owner | InvalidItemError =>
  item instanceof InvalidItemError ? item : toOwner(item);
