import { ApiProperty } from '@nestjs/swagger';
import type { PimCollection } from '../model/pim-records';

/** An address book or a calendar as the web app sees it. */
export class CollectionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The last segment of its DAV URL', example: 'family' })
  name!: string;

  @ApiProperty({ example: 'Family' })
  displayName!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ nullable: true, type: String, example: '#3a7bd5' })
  color!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: "The member it belongs to; null: the household's (shared)",
  })
  ownerUserId!: string | null;

  @ApiProperty({ description: 'A personal collection its owner lets the household read' })
  sharedWithHousehold!: boolean;

  @ApiProperty({ description: 'Whether you may change its objects' })
  writable!: boolean;

  @ApiProperty({ type: [String], description: 'Calendars: the components it takes' })
  components!: string[];

  @ApiProperty()
  updatedAt!: string;

  static of(collection: PimCollection, userId: string): CollectionResponse {
    return {
      id: collection.id,
      name: collection.name,
      displayName: collection.displayName,
      description: collection.description,
      color: collection.color,
      ownerUserId: collection.ownerUserId,
      sharedWithHousehold: collection.sharedWithHousehold,
      writable: collection.ownerUserId === null || collection.ownerUserId === userId,
      components: collection.components,
      updatedAt: collection.updatedAt.toISOString(),
    };
  }
}
