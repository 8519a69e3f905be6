import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FoyerError } from '../errors/foyer-error';
import { HouseholdId } from './household-id';
import { TenancyErrorCode } from './tenancy-error-code';

export interface HouseholdContext {
  readonly householdId: HouseholdId;
  /** The manager of the transaction whose connection carries `app.household_id`. */
  readonly manager: EntityManager;
}

/**
 * The one way to touch tenant tables. `run` opens a transaction, sets `app.household_id` on that
 * transaction's connection (so row-level security sees it, and only it), and makes the context
 * available to repositories through AsyncLocalStorage. Outside `run` there is no context: tenant
 * repositories throw, and PostgreSQL would return no rows anyway.
 */
@Injectable()
export class HouseholdScope {
  private readonly storage = new AsyncLocalStorage<HouseholdContext>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    householdId: HouseholdId,
    work: (context: HouseholdContext) => Promise<T>,
  ): Promise<T> {
    const outer = this.storage.getStore();
    if (outer) {
      if (outer.householdId !== householdId) {
        throw new FoyerError(
          500,
          TenancyErrorCode.ContextConflict,
          'Work for one household was started inside the transaction of another',
        );
      }
      return work(outer);
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.household_id', $1, true)`, [householdId]);
      const context: HouseholdContext = { householdId, manager };
      return this.storage.run(context, () => work(context));
    });
  }

  /** The current household context; throws when there is none (fail closed, loudly). */
  current(): HouseholdContext {
    const context = this.storage.getStore();
    if (!context) {
      throw new FoyerError(
        500,
        TenancyErrorCode.ContextMissing,
        'Tenant data was reached outside a household context',
      );
    }
    return context;
  }
}
