import { FoyerError } from '@foyer/core';
import type { CreateCollectionDto } from '../dto/create-collection.dto';
import type { UpdateCollectionDto } from '../dto/update-collection.dto';
import type { PimCollectionKind } from '../model/pim-object-kind';
import type { PimCollection } from '../model/pim-records';
import { PimErrorCode } from '../pim-error-code';
import type { PimActor } from '../services/pim-actor';
import { PimCollectionsService } from '../services/pim-collections.service';

/**
 * PimCollectionsService seen through one route family: `/addressbooks/:id` never reaches a
 * calendar, nor the reverse (404, as for an unknown id).
 */
export class KindedCollections {
  constructor(
    private readonly collections: PimCollectionsService,
    private readonly kind: PimCollectionKind,
  ) {}

  list(actor: PimActor): Promise<PimCollection[]> {
    return this.collections.list(actor, this.kind);
  }

  create(actor: PimActor, body: CreateCollectionDto): Promise<PimCollection> {
    return this.collections.create(actor, {
      kind: this.kind,
      displayName: body.displayName,
      description: body.description,
      color: body.color,
      shared: body.shared,
      sharedWithHousehold: body.sharedWithHousehold,
      components: this.kind === 'calendar' ? body.components : undefined,
    });
  }

  async update(actor: PimActor, id: string, body: UpdateCollectionDto): Promise<PimCollection> {
    await this.get(actor, id);
    return this.collections.update(actor, { id }, body);
  }

  async delete(actor: PimActor, id: string): Promise<void> {
    await this.get(actor, id);
    await this.collections.delete(actor, { id });
  }

  async get(actor: PimActor, id: string): Promise<PimCollection> {
    return this.checked((await this.collections.open(actor, { id }, 'read')).collection);
  }

  async openForWriting(actor: PimActor, id: string): Promise<PimCollection> {
    return this.checked((await this.collections.open(actor, { id }, 'write')).collection);
  }

  private checked(collection: PimCollection): PimCollection {
    if (collection.kind !== this.kind) {
      throw new FoyerError(
        404,
        PimErrorCode.CollectionNotFound,
        this.kind === 'addressbook' ? 'No such address book' : 'No such calendar',
      );
    }
    return collection;
  }
}
