import { BUILTIN_ERRORS, type AuthproofError, type ErrorCode } from './errors.js';

/**
 * What a profile says about one failure code: in `x-authproof-errors.codes` for the whole profile, or in a
 * security scheme's `x-authproof-codes` for failures of a credential of that scheme.
 * @see shared/providers.md §2.3 (provider codes), §3.3 (an `error` member), §4.2 (a 400 for an invalid key)
 */
export interface ErrorCodeEntry {
  /** The HTTP status (400–599). */
  status?: number;
  /** The message shown instead of the failure's own detail. */
  message?: string;
  /** The provider's own code string (`invalid_api_key`). */
  code?: string;
  /** The body member carrying the message where the dialect offers a choice (`laravel`). */
  field?: 'message' | 'error';
  /** A hint beside the message (`oauth2`). */
  hint?: string;
}

/** Failure code → what the profile says about it. */
export type ErrorCodeMap = Partial<Record<ErrorCode, ErrorCodeEntry>>;

/** One failure as a dialect writes it. */
export interface ResolvedError {
  /** authproof's code. */
  errorCode: ErrorCode;
  status: number;
  message: string;
  /** The provider's code, when the catalogue gives one. */
  code?: string;
  field: 'message' | 'error';
  hint?: string;
}

/** Resolves failures to what a profile answers with; see {@link createErrorCatalogue}. */
export interface ErrorCatalogue {
  resolve(error: AuthproofError): ResolvedError;
}

type Table = ReadonlyMap<ErrorCode, ErrorCodeEntry>;

/** Merges member by member: the first entry that gives a member wins. */
function merge(code: ErrorCode, ...entries: Array<ErrorCodeEntry | undefined>): ErrorCodeEntry {
  const merged: ErrorCodeEntry = { status: BUILTIN_ERRORS[code].status };
  for (const entry of entries.reverse()) Object.assign(merged, entry);
  return merged;
}

function tableOf(...maps: ErrorCodeMap[]): Table {
  const codes = Object.keys(BUILTIN_ERRORS) as ErrorCode[];
  return new Map(codes.map((code) => [code, merge(code, ...maps.map((map) => map[code]))]));
}

/**
 * Compiles a profile's code catalogue once: for a failure that names a scheme (`meta.scheme`), that
 * scheme's codes, then the document's, then the built-in status and the failure's own detail — member by
 * member. Resolving is a map lookup.
 * @param codes `x-authproof-errors.codes`.
 * @param schemeCodes each scheme's `x-authproof-codes`, by scheme name.
 */
export function createErrorCatalogue(codes: ErrorCodeMap = {}, schemeCodes: Readonly<Record<string, ErrorCodeMap>> = {}): ErrorCatalogue {
  const document = tableOf(codes);
  const bySchemes = new Map(Object.entries(schemeCodes).map(([scheme, map]) => [scheme, tableOf(map, codes)]));
  return {
    resolve(error) {
      const entry = ((error.meta.scheme === undefined ? undefined : bySchemes.get(error.meta.scheme)) ?? document).get(error.code)!;
      return {
        errorCode: error.code,
        status: entry.status!,
        message: entry.message ?? error.message,
        ...(entry.code === undefined ? {} : { code: entry.code }),
        field: entry.field ?? 'message',
        ...(entry.hint === undefined ? {} : { hint: entry.hint }),
      };
    },
  };
}

/** The built-in catalogue: every code with its built-in status and the failure's own detail. */
export const builtinCatalogue: ErrorCatalogue = createErrorCatalogue();
