/**
 * ical.js 2 is published as an ES module with a CommonJS build under its `require` condition;
 * this project compiles to CommonJS, so the module is required and typed from its declarations.
 */
type IcalModule = (typeof import('ical.js', { with: { 'resolution-mode': 'import' } }))['default'];

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ICAL = require('ical.js') as IcalModule;
export type IcalComponent = InstanceType<IcalModule['Component']>;
export type IcalTime = InstanceType<IcalModule['Time']>;
