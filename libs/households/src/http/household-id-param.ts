import type { ApiParamOptions } from '@nestjs/swagger';

/** The OpenAPI description of `:hid`, the same on every household route. */
export const HOUSEHOLD_ID_PARAM: ApiParamOptions = {
  name: 'hid',
  description: "The household's id or its slug",
  example: 'the-martins',
};
