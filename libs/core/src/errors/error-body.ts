/** The JSON shape of every refusal (DESIGN.md, "Errors and bad input"). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId?: string;
  [detail: string]: unknown;
}
