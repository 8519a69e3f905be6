import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

export interface RouteEntry {
  /** Upper case, as sent: GET, POST, … */
  method: string;
  /** As declared, with its parameters: `/api/v1/households/:hid/members/:userId`. */
  path: string;
  /** `Controller.method`, to point at the code in a failure. */
  handler: string;
}

const asArray = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function join(...parts: string[]): string {
  const path = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part.length > 0)
    .join('/');
  return `/${path}`;
}

/** `@All()` routes are probed with every method a client would send. */
const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Every HTTP route of the running application, read from Nest's own routing metadata (the
 * `@Controller` and `@Get`/`@Post`/… decorators of every controller of every module), so a route
 * added anywhere later shows up here without anyone listing it.
 */
export function routeTable(app: INestApplication): RouteEntry[] {
  const scanner = new MetadataScanner();
  const seen = new Map<string, RouteEntry>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const prefixes = asArray(
        Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
      );
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const paths = asArray(
          Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined,
        );
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths.length === 0 || method === undefined) continue;
        const methods = method === RequestMethod.ALL ? ALL_METHODS : [RequestMethod[method]];
        for (const prefix of prefixes.length > 0 ? prefixes : ['']) {
          for (const path of paths) {
            for (const verb of methods) {
              const entry = {
                method: verb,
                path: join(prefix, path),
                handler: `${controller.name}.${name}`,
              };
              seen.set(`${entry.method} ${entry.path}`, entry);
            }
          }
        }
      }
    }
  }
  return [...seen.values()].sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
}

/** The routes that take a household: every path with a `:hid` parameter. */
export function householdRoutes(app: INestApplication): RouteEntry[] {
  return routeTable(app).filter((route) => /(^|\/):hid(\/|$|\?)/.test(route.path));
}

/**
 * The path with `:hid` set to `hid` and every other parameter to a well-formed id that exists
 * nowhere (so the answer depends on the household alone).
 */
export function fillPath(path: string, hid: string): string {
  return path
    .replace(/:hid(?=\/|$|\?)/g, encodeURIComponent(hid))
    .replace(/:[A-Za-z0-9_]+\??/g, '00000000-0000-4000-8000-00000000abcd')
    .replace(/\{?\*[A-Za-z0-9_]+\}?/g, 'x');
}
