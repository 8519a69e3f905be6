import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CoreErrorCode, FoyerError } from '@foyer/core';
import { AcceptMigrationToken } from './accept-migration-token.decorator';
import { CurrentMigrationCaller } from './current-migration-caller.decorator';
import { MigrationSourceResponse } from './dto/migration-source-response.dto';
import { MigrationCaller } from './migration-caller';

/**
 * `foyer migrate --from <url> --token <t>` knows no household id: it asks here which household
 * the token opens, and where its export and its `moved` mark are.
 */
@ApiTags('migration')
@Controller('api/v1/migration')
export class MigrationSourceController {
  @Get('source')
  @AcceptMigrationToken()
  @ApiOperation({ summary: 'The household a migration token opens (token holders only)' })
  @ApiOkResponse({ type: MigrationSourceResponse })
  source(@CurrentMigrationCaller() caller: MigrationCaller): MigrationSourceResponse {
    if (caller.kind !== 'token') {
      throw new FoyerError(
        401,
        CoreErrorCode.Unauthenticated,
        'This route takes a migration token (Authorization: Bearer foyer-mig_…)',
      );
    }
    const { grant } = caller;
    const base = `/api/v1/households/${grant.householdId}`;
    return {
      household: { id: grant.householdId, slug: grant.slug, name: grant.name },
      tokenId: grant.tokenId,
      expiresAt: grant.expiresAt.toISOString(),
      exportsPath: `${base}/exports`,
      movedPath: `${base}/moved`,
    };
  }
}
