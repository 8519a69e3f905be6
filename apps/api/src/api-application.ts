import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { raw, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import {
  AllExceptionsFilter,
  DatabaseConnection,
  FoyerConfig,
  JsonBodyInterceptor,
  QuietBootLogger,
  createValidationPipe,
} from '@foyer/core';
import { STRIPE_WEBHOOK_PATH } from '@foyer/billing';
import { HouseholdAddressingMiddleware } from '@foyer/households';
import { AppModule, AppModuleOptions } from './app.module';
import { bodyParsers } from './body-parsers';
import { RequestMetricsMiddleware } from './ops/request-metrics.middleware';

const DOCS_PATH = 'api/docs';

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Foyer API')
      .setDescription(
        'The stable surface of Foyer: the web app, the CLI and outside checks use it.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('foyer_session')
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}

/**
 * Strict headers everywhere; the API docs page needs its inline bootstrap script. Over plain http
 * (a home network) the browser must not be told to upgrade requests or to insist on https: it
 * would then fetch the scripts over https, which nothing serves, and show a blank page. Nor is
 * Cross-Origin-Opener-Policy sent there: browsers ignore it on an untrustworthy origin, and say so.
 */
function securityHeaders(
  publicUrl: string,
): (request: Request, response: Response, next: NextFunction) => void {
  const overHttps = new URL(publicUrl).protocol === 'https:';
  const scheme: Record<string, null> = overHttps ? {} : { upgradeInsecureRequests: null };
  const httpsOnlyHeaders = overHttps
    ? {}
    : { strictTransportSecurity: false as const, crossOriginOpenerPolicy: false as const };
  const strict = helmet({ contentSecurityPolicy: { directives: scheme }, ...httpsOnlyHeaders });
  const forDocs = helmet({
    contentSecurityPolicy: {
      directives: {
        ...scheme,
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    ...httpsOnlyHeaders,
  });
  return (request, response, next) =>
    (request.path.startsWith(`/${DOCS_PATH}`) ? forDocs : strict)(request, response, next);
}

/** Where `npm run build` puts the web app: beside the compiled api, or under dist/ from source. */
const WEB_APP_DIRECTORIES = [
  path.resolve(__dirname, '../../../web'),
  path.resolve(__dirname, '../../../dist/web'),
];
/** Paths with handlers of their own: never answered with the web app. */
const SERVER_PATHS = /^\/(api|health|metrics|h|dav|\.well-known)(\/|$)/;

/**
 * Serves the built web app (apps/web): its hashed assets, and its page for every other GET that
 * asks for HTML, so that links such as `/verify-email?token=…` open in the app. Without a build,
 * HomeController's page at `/` says how to make one.
 */
function serveWebApp(app: NestExpressApplication): void {
  const root = WEB_APP_DIRECTORIES.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!root) return;
  const page = readFileSync(path.join(root, 'index.html'));
  app.useStaticAssets(path.join(root, 'assets'), {
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (!read || SERVER_PATHS.test(request.path) || request.path.startsWith('/assets/')) {
      return next();
    }
    if (request.accepts(['json', 'html']) !== 'html' && request.path !== '/') return next();
    response.type('html').set('Cache-Control', 'no-cache').send(page);
  });
}

/**
 * Builds the api application, configured but not listening: the CLI's `serve`, `apps/api/main`
 * and the end-to-end tests all go through here, so they exercise the same stack.
 */
export async function createApiApplication(
  config: FoyerConfig,
  connection: Pick<DatabaseConnection, 'appUrl'>,
  options: AppModuleOptions = { consumeJobs: config.runsJobsInProcess },
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, connection, options),
    { bodyParser: false, bufferLogs: true, abortOnError: false },
  );
  app.useLogger(new QuietBootLogger(app.get(Logger)));
  if (config.trustProxy) app.set('trust proxy', true);
  app.disable('x-powered-by');
  app.use(securityHeaders(config.publicUrl));
  // `/h/<slug>/...` and `<slug>.<FOYER_BASE_DOMAIN>` become household routes before routing.
  const addressing = app.get(HouseholdAddressingMiddleware);
  app.use(addressing.use.bind(addressing));
  const metrics = app.get(RequestMetricsMiddleware);
  app.use(metrics.use.bind(metrics));
  serveWebApp(app);
  // Stripe's signature covers the exact bytes: the webhook keeps its raw body (a Buffer), and the
  // JSON parser below then leaves the already-read request alone.
  app.use(STRIPE_WEBHOOK_PATH, raw({ type: () => true, limit: config.bodyLimit }));
  // Only JSON and form bodies are parsed, within the limit; uploads stream raw bodies untouched.
  app.use(...bodyParsers(config.bodyLimit));
  app.use(cookieParser());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new JsonBodyInterceptor());
  setUpOpenApi(app);
  return app;
}
