import { DynamicModule, InjectionToken, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppPasswordEntity } from './entities/app-password.entity';
import { AuthTokenEntity } from './entities/auth-token.entity';
import { RateLimitWindowEntity } from './entities/rate-limit-window.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { AppPasswordController } from './http/app-password.controller';
import { AuthController } from './http/auth.controller';
import { LocalStrategy } from './http/local.strategy';
import { MeController } from './http/me.controller';
import { SessionAuthGuard } from './http/session-auth.guard';
import { AccountMailJobs } from './jobs/account-mail-jobs';
import { AuthRecordsPurgeJob } from './jobs/auth-records-purge-job';
import { PasswordHasher } from './passwords/password-hasher';
import { PasswordPolicy } from './passwords/password-policy';
import { PasswordConfirmationModule } from './password-confirmation.module';
import { MembershipDirectory } from './ports/membership-directory';
import { NoInvites } from './ports/no-invites';
import { NoMemberships } from './ports/no-memberships';
import { SignupInvitePolicy } from './ports/signup-invite-policy';
import { AppPasswordRepository } from './repositories/app-password.repository';
import { AuthTokenRepository } from './repositories/auth-token.repository';
import { RateLimitRepository } from './repositories/rate-limit.repository';
import { SessionRepository } from './repositories/session.repository';
import { TransactionRunner } from './repositories/transaction-runner';
import { UserRepository } from './repositories/user.repository';
import { AccountMailComposer } from './services/account-mail-composer';
import { AppPasswordAuthenticator } from './services/app-password-authenticator';
import { AppPasswordService } from './services/app-password.service';
import { AuthRecordsPurger } from './services/auth-records-purger';
import { AuthTokenService } from './services/auth-token.service';
import { EmailChangeService } from './services/email-change.service';
import { EmailVerificationService } from './services/email-verification.service';
import { LoginRateLimiter } from './services/login-rate-limiter';
import { LoginService } from './services/login.service';
import { MovedInMailService } from './services/moved-in-mail.service';
import { PasswordChangeService } from './services/password-change.service';
import { PasswordResetService } from './services/password-reset.service';
import { SignupAttemptMail } from './services/signup-attempt-mail';
import { ProfileService } from './services/profile.service';
import { SessionService } from './services/session.service';
import { SignupService } from './services/signup.service';

/** How another library plugs into accounts (see `AccountsModule.forRoot`). */
export interface AccountsModuleOptions {
  /** Modules that export the providers named below. */
  imports?: ModuleMetadata['imports'];
  /** A provider token implementing MembershipDirectory (default: no memberships). */
  membershipDirectory?: InjectionToken;
  /** A provider token implementing SignupInvitePolicy (default: no invite is valid). */
  signupInvitePolicy?: InjectionToken;
}

/**
 * Accounts and sessions: signup, login (passport local), sessions by bearer token or cookie,
 * email verification, password reset and change, `GET /me`, app passwords for DAV. Installs the
 * global session guard: every route needs a session unless it is `@Public()`.
 *
 * Needs the global FoyerConfig, the TypeORM connection, JobQueue (JobsModule) and Mailer
 * (MailModule). Import it as is, or with `forRoot` to supply the households ports. Exports
 * PasswordConfirmation, which a library that AccountsModule imports gets from
 * PasswordConfirmationModule instead.
 */
@Module({
  imports: [
    PassportModule,
    PasswordConfirmationModule,
    TypeOrmModule.forFeature([
      UserEntity,
      SessionEntity,
      AuthTokenEntity,
      AppPasswordEntity,
      RateLimitWindowEntity,
    ]),
  ],
  controllers: [AuthController, MeController, AppPasswordController],
  providers: [
    UserRepository,
    SessionRepository,
    AuthTokenRepository,
    AppPasswordRepository,
    RateLimitRepository,
    TransactionRunner,
    PasswordPolicy,
    PasswordHasher,
    SignupService,
    LoginRateLimiter,
    LoginService,
    SessionService,
    AuthTokenService,
    AccountMailComposer,
    EmailVerificationService,
    PasswordResetService,
    SignupAttemptMail,
    EmailChangeService,
    MovedInMailService,
    PasswordChangeService,
    ProfileService,
    AppPasswordService,
    AppPasswordAuthenticator,
    AuthRecordsPurger,
    AccountMailJobs,
    AuthRecordsPurgeJob,
    LocalStrategy,
    { provide: APP_GUARD, useClass: SessionAuthGuard },
    { provide: MembershipDirectory, useClass: NoMemberships },
    { provide: SignupInvitePolicy, useClass: NoInvites },
  ],
  exports: [AppPasswordAuthenticator, PasswordConfirmationModule],
})
export class AccountsModule {
  /**
   * AccountsModule with the households library's implementations of its ports, for example
   * `AccountsModule.forRoot({ imports: [HouseholdsModule], membershipDirectory: HouseholdMemberships })`.
   * Providers given here replace the defaults (Nest registers dynamic providers after static ones).
   */
  static forRoot(options: AccountsModuleOptions = {}): DynamicModule {
    const overrides: Provider[] = [];
    if (options.membershipDirectory) {
      overrides.push({ provide: MembershipDirectory, useExisting: options.membershipDirectory });
    }
    if (options.signupInvitePolicy) {
      overrides.push({ provide: SignupInvitePolicy, useExisting: options.signupInvitePolicy });
    }
    return { module: AccountsModule, imports: options.imports ?? [], providers: overrides };
  }
}
