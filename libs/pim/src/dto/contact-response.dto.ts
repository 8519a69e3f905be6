import { ApiProperty } from '@nestjs/swagger';
import type { PimObjectHead } from '../model/pim-records';

export class ContactResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'urn:uuid:7f0c…' })
  uid!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  fullName!: string;

  @ApiProperty({ nullable: true, type: String })
  givenName!: string | null;

  @ApiProperty({ nullable: true, type: String })
  familyName!: string | null;

  @ApiProperty({ type: [String] })
  emails!: string[];

  @ApiProperty({ type: [String], description: 'As written in the vCard' })
  phones!: string[];

  @ApiProperty({ type: [String], description: 'The phones that read as numbers, in E.164' })
  phonesE164!: string[];

  @ApiProperty({ nullable: true, type: String })
  organisation!: string | null;

  @ApiProperty({ description: 'Strong entity tag; send it back in If-Match to change safely' })
  etag!: string;

  @ApiProperty()
  updatedAt!: string;

  static of(object: PimObjectHead): ContactResponse {
    const contact = object.contact;
    return {
      id: object.id,
      uid: object.uid,
      fullName: contact?.formattedName ?? '',
      givenName: contact?.givenName ?? null,
      familyName: contact?.familyName ?? null,
      emails: contact?.emails ?? [],
      phones: contact?.phones ?? [],
      phonesE164: contact?.phonesE164 ?? [],
      organisation: contact?.organization ?? null,
      etag: object.etag,
      updatedAt: object.lastModified.toISOString(),
    };
  }
}

export class ContactDetailResponse extends ContactResponse {
  @ApiProperty({ nullable: true, type: String })
  note!: string | null;

  @ApiProperty({ description: 'The vCard as stored' })
  vcard!: string;
}

export class ContactListResponse {
  @ApiProperty({ type: [ContactResponse] })
  items!: ContactResponse[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  nextCursor!: string | null;
}
