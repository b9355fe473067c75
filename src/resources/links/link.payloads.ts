import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../graphql-kit/user-error.js';
import { UUID } from '../../graphql-kit/scalars.js';
import { Link } from './link.type.js';
import { RefreshRequest } from './refresh-request.type.js';

/*
 * Every mutation answers a payload: what it changed, and the input's problems a person can correct
 * (`userErrors`, empty on success). A client's cache reads the changed object from it.
 */

const USER_ERRORS =
  "Problems with the input that the person or the form can correct, each on its field; empty on success. The gateway's and Belvo's failures are top-level errors instead.";

@ObjectType({ description: 'What `createLink` did.' })
export class CreateLinkPayload {
  @Field(() => Link, {
    nullable: true,
    description:
      'The new link (or the one an earlier call with the idempotency key created); null when `userErrors` is not empty.',
  })
  link!: Link | null;

  @Field(() => [UserError], { description: USER_ERRORS })
  userErrors!: UserError[];
}

@ObjectType({ description: 'What `deleteLink` did.' })
export class DeleteLinkPayload {
  @Field(() => UUID, {
    nullable: true,
    description:
      "The deleted link's id, to evict from a client's cache; null when `userErrors` is not empty.",
  })
  deletedLinkId!: string | null;

  @Field(() => [UserError], {
    description: `${USER_ERRORS} A delete has no input to correct today (an unknown link is NOT_FOUND): always empty, kept so every mutation answers alike.`,
  })
  userErrors!: UserError[];
}

@ObjectType({ description: 'What `refreshLink` did.' })
export class RefreshLinkPayload {
  @Field(() => RefreshRequest, {
    nullable: true,
    description: 'The refresh Belvo accepted; null when `userErrors` is not empty.',
  })
  refresh!: RefreshRequest | null;

  @Field(() => [UserError], { description: USER_ERRORS })
  userErrors!: UserError[];
}
