/**
 * Parses YAML (or JSON) with the YAML 1.2 core schema: plain scalars such as dates stay strings, as in
 * JSON Schema and OpenAPI. js-yaml is imported on first use.
 */
export async function parseYaml(text: string): Promise<unknown> {
  const { CORE_SCHEMA, load } = await import('js-yaml');
  return load(text, { schema: CORE_SCHEMA });
}
