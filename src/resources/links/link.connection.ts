import { Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from '../../graphql/errors.js';
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

@ObjectType({ description: 'A page of links, newest pages first as Belvo lists them.' })
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

/** Cursors are opaque to clients; inside they are list offsets. */
export const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

export function decodeCursor(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null) return 0;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput('after', 'after is not a cursor this API issued');
  return Number(match[1]) + 1;
}
