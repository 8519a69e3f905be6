import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimitWindowEntity } from './entities/rate-limit-window.entity';
import { UserEntity } from './entities/user.entity';
import { PasswordHasher } from './passwords/password-hasher';
import { RateLimitRepository } from './repositories/rate-limit.repository';
import { UserRepository } from './repositories/user.repository';
import { LoginRateLimiter } from './services/login-rate-limiter';
import { PasswordConfirmation } from './services/password-confirmation';

/**
 * PasswordConfirmation on its own, for libraries that AccountsModule itself imports (households,
 * through `AccountsModule.forRoot`): importing AccountsModule there would be a cycle. Needs the
 * global FoyerConfig and the TypeORM connection.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RateLimitWindowEntity])],
  providers: [
    UserRepository,
    RateLimitRepository,
    PasswordHasher,
    LoginRateLimiter,
    PasswordConfirmation,
  ],
  exports: [PasswordConfirmation],
})
export class PasswordConfirmationModule {}
