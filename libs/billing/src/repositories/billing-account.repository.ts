import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BillingAccount, SubscriptionState } from './billing-account';

interface AccountRow {
  household_id: string;
  stripe_customer_id: string;
  stripe_subscription_id: string | null;
  plan_id: string;
  subscription_status: string | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  past_due_since: Date | null;
  grace_ends_at: Date | null;
}

const COLUMNS = `household_id, stripe_customer_id, stripe_subscription_id, plan_id,
  subscription_status, current_period_end, cancel_at_period_end, past_due_since, grace_ends_at`;

function toAccount(row: AccountRow): BillingAccount {
  return {
    householdId: row.household_id,
    stripeCustomerId: row.stripe_customer_id,
    stripeSubscriptionId: row.stripe_subscription_id,
    planId: row.plan_id,
    subscriptionStatus: row.subscription_status,
    currentPeriodEnd: row.current_period_end,
    cancelAtPeriodEnd: row.cancel_at_period_end,
    pastDueSince: row.past_due_since,
    graceEndsAt: row.grace_ends_at,
  };
}

/** billing_accounts (control plane): one row per household that ever went to checkout. */
@Injectable()
export class BillingAccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findByHousehold(
    householdId: string,
    manager?: EntityManager,
  ): Promise<BillingAccount | null> {
    const rows = await this.manager(manager).query<AccountRow[]>(
      `SELECT ${COLUMNS} FROM billing_accounts WHERE household_id = $1`,
      [householdId],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** Reads and locks the household's row until `manager`'s transaction ends. */
  async lockByCustomer(customerId: string, manager: EntityManager): Promise<BillingAccount | null> {
    const rows = await manager.query<AccountRow[]>(
      `SELECT ${COLUMNS} FROM billing_accounts WHERE stripe_customer_id = $1 FOR UPDATE`,
      [customerId],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /**
   * Serialises customer creation for one household until the transaction ends (two checkouts at
   * once create one customer), then reads its row.
   */
  async lockHouseholdForCustomer(
    householdId: string,
    manager: EntityManager,
  ): Promise<BillingAccount | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('billing-customer:' || $1))`, [
      householdId,
    ]);
    return this.findByHousehold(householdId, manager);
  }

  async insert(householdId: string, customerId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO billing_accounts (household_id, stripe_customer_id) VALUES ($1, $2)`,
      [householdId, customerId],
    );
  }

  async saveState(
    householdId: string,
    state: SubscriptionState,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE billing_accounts
          SET stripe_subscription_id = $2, plan_id = $3, subscription_status = $4,
              current_period_end = $5, cancel_at_period_end = $6, past_due_since = $7,
              grace_ends_at = $8, updated_at = now()
        WHERE household_id = $1`,
      [
        householdId,
        state.stripeSubscriptionId,
        state.planId,
        state.subscriptionStatus,
        state.currentPeriodEnd,
        state.cancelAtPeriodEnd,
        state.pastDueSince,
        state.graceEndsAt,
      ],
    );
  }
}
