import { Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from '../../errors/graphql-errors.js';
import { Link } from './link.type.js';

@ObjectType({ description: 'Where a page of a connection sits in the whole list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

@ObjectType({ description: 'A link and its cursor.' })
export class LinkEdge {
  @Field(() => String, { description: 'Opaque cursor of this link in the list.' })
  cursor!: string;

  @Field(() => Link, { description: 'The link.' })
  node!: Link;
}

@ObjectType({ description: 'A page of links: your own newest first, or Belvo’s whole list for an admin.' })
export class LinkConnection {
  @Field(() => [LinkEdge], { description: 'The links of this page, with cursors.' })
  edges!: LinkEdge[];

  @Field(() => [Link], { description: 'The links of this page, without cursors.' })
  nodes!: Link[];

  @Field(() => PageInfo, { description: 'Paging information.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many links match the filter in total.' })
  totalCount!: number;
}

/*
 * Cursors are opaque to clients. Inside, an admin's (Belvo's list) is an offset; a principal's own
 * list (the registry) is the position of the last link seen, so links created meanwhile never shift
 * a page.
 */
const encode = (text: string) => Buffer.from(text).toString('base64url');

function decode(cursor: string, pattern: RegExp): string {
  const match = pattern.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw badUserInput('after', 'after is not a cursor this API issued');
  return match[1];
}

export const encodeOffsetCursor = (offset: number) => encode(`offset:${offset}`);

/** The offset to continue from. */
export function decodeOffsetCursor(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null) return 0;
  return Number(decode(cursor, /^offset:(\d{1,9})$/)) + 1;
}

export const encodeSeqCursor = (seq: string) => encode(`seq:${seq}`);

/** The registry position to continue after, or null from the start. */
export function decodeSeqCursor(cursor: string | null | undefined): string | null {
  if (cursor === undefined || cursor === null) return null;
  return decode(cursor, /^seq:([1-9]\d{0,17})$/);
}
