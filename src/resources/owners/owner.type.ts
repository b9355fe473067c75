import { Field, ObjectType } from 'type-graphql';
import { DateTime, UUID } from '../../graphql-kit/scalars.js';

@ObjectType({ description: 'An identity document of the owner.' })
export class OwnerDocument {
  @Field(() => String, { nullable: true, description: 'Document type: `CC` (cédula) or `NIT` in Colombia.' })
  documentType!: string | null;

  @Field(() => String, { nullable: true, description: 'Document number.' })
  documentNumber!: string | null;
}

@ObjectType({ description: 'The person behind a link, as the institution knows them.' })
export class Owner {
  @Field(() => UUID, { description: "Belvo's id for the owner record." })
  id!: string;

  @Field(() => UUID, { description: 'Id of the link this owner belongs to.' })
  linkId!: string;

  @Field(() => String, { nullable: true, description: "The institution's internal id for the person." })
  internalIdentification!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When Belvo read the owner from the institution.' })
  collectedAt!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When Belvo stored the owner.' })
  createdAt!: string | null;

  @Field(() => String, { nullable: true, description: 'Full name as displayed by the institution.' })
  displayName!: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phoneNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address!: string | null;

  @Field(() => OwnerDocument, { nullable: true, description: 'Identity document.' })
  documentId!: OwnerDocument | null;

  @Field(() => String, {
    nullable: true,
    deprecationReason: 'Belvo deprecated it; use displayName.',
    description: 'First name(s).',
  })
  firstName!: string | null;

  @Field(() => String, {
    nullable: true,
    deprecationReason: 'Belvo deprecated it; use displayName.',
    description: 'First last name.',
  })
  lastName!: string | null;

  @Field(() => String, {
    nullable: true,
    deprecationReason: 'Belvo deprecated it; use displayName.',
    description: 'Second last name.',
  })
  secondLastName!: string | null;

  @Field(() => String, {
    nullable: true,
    deprecationReason: 'Belvo deprecated it; use displayName.',
    description: 'Business name, for companies.',
  })
  businessName!: string | null;
}
