import { CORE_SCHEMA, load } from 'js-yaml';

/**
 * Parses YAML (or JSON) with the YAML 1.2 core schema: plain scalars such as dates stay strings, as in
 * JSON Schema and OpenAPI.
 */
export function parseYaml(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA });
}
