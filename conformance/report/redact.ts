/** Replaces every credential in report text. */
export type Redactor = (text: string) => string;

const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/**
 * Redacts the run's own secrets (tokens given on the command line or minted for it) and anything that
 * looks like a JWT or an API key, whatever path it took into a report.
 */
export function createRedactor(secrets: readonly string[], keyPatterns: readonly RegExp[]): Redactor {
  const known = [...new Set(secrets.filter((secret) => secret.length >= 8))].sort((a, b) => b.length - a.length);
  const keys = keyPatterns.map((pattern) => new RegExp(pattern.source.replace(/^\^/, '').replace(/\$$/, ''), 'g'));
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join('[redacted]');
    out = out.replace(JWT, '[redacted JWT]');
    for (const pattern of keys) out = out.replace(pattern, '[redacted key]');
    return out;
  };
}
