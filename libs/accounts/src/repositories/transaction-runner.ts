import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An open transaction, handed to repositories' `in(tx)`; services never look inside it. */
export interface AccountsTransaction {
  readonly manager: EntityManager;
}

/**
 * Runs several repository calls atomically (for example: consume a reset token, set the password
 * and revoke the sessions, or none of it).
 */
@Injectable()
export class TransactionRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: AccountsTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work({ manager }));
  }
}
