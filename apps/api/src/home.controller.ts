import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@foyer/core';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Foyer</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>Foyer is running</h1>
<p>This server holds your household's files, photos, contacts and calendars.</p>
<p>The web app has not been built here: run <code>npm run build</code> and restart. The API and
its documentation are at <a href="/api/docs">/api/docs</a>; health at
<a href="/health/ready">/health/ready</a>.</p>
</body></html>`;

/** The address a person opens first when the web app is not built (otherwise the app answers). */
@ApiExcludeController()
@Public()
@Controller()
export class HomeController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    return PAGE;
  }
}
