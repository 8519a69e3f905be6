import { All, Controller, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@foyer/core';
import { PIM_DAV_ROOT } from './pim-dav-paths';

/**
 * RFC 6764 §5: `/.well-known/caldav` and `/.well-known/carddav` point at the context root,
 * where a PROPFIND for current-user-principal (authenticated) leads a client on. Any method,
 * no authentication: the redirect reveals nothing.
 */
@ApiExcludeController()
@Public()
@Controller('.well-known')
export class WellKnownDavController {
  @All(['caldav', 'carddav'])
  redirect(@Res() response: Response): void {
    response.redirect(301, PIM_DAV_ROOT);
  }
}
