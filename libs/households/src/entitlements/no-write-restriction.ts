import { Injectable } from '@nestjs/common';
import { WriteRestriction } from './write-restriction';

/** An instance without billing: nothing outside the household's status restricts writes. */
@Injectable()
export class NoWriteRestriction extends WriteRestriction {
  async restrictionOf(): Promise<null> {
    return null;
  }
}
