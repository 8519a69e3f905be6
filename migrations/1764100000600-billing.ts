import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing (control plane): each household's Stripe customer and subscription state, and every
 * Stripe event received (its id unique, so a replay is recognised and changes nothing).
 */
export class Billing1764100000600 implements MigrationInterface {
  name = 'Billing1764100000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE billing_accounts (
        household_id uuid PRIMARY KEY REFERENCES households (id) ON DELETE CASCADE,
        stripe_customer_id text NOT NULL,
        stripe_subscription_id text,
        plan_id text NOT NULL DEFAULT 'free',
        subscription_status text,
        current_period_end timestamptz,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        past_due_since timestamptz,
        grace_ends_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT billing_accounts_customer_key UNIQUE (stripe_customer_id)
      )`);
    await queryRunner.query(`COMMENT ON TABLE billing_accounts IS 'foyer:control-plane'`);
    await queryRunner.query(`
      CREATE TABLE billing_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        payload jsonb NOT NULL,
        household_id uuid REFERENCES households (id) ON DELETE CASCADE,
        outcome text,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await queryRunner.query(`COMMENT ON TABLE billing_events IS 'foyer:control-plane'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE billing_events');
    await queryRunner.query('DROP TABLE billing_accounts');
  }
}
