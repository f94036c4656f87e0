/**
 * Helpers for snapshot tests of templates that contain assets (Lambda code, container images).
 *
 * An asset hash depends on the asset's bytes, and with source maps on the checkout path too, so
 * an unnormalized snapshot fails on another machine or in a fresh clone.
 */

/** Placeholder written in place of every asset hash. */
export const ASSET_HASH_PLACEHOLDER = '[ASSET-HASH]';

// Asset hashes are 64 hexadecimal characters (SHA-256); S3 keys are the hash plus an extension.
const ASSET_HASH = /\b[a-f0-9]{64}\b/g;

/**
 * Returns a copy of `template` in which every asset hash, in keys and in values, is replaced
 * by {@link ASSET_HASH_PLACEHOLDER}. The input is not modified.
 */
export function normalizeTemplate(template: unknown): unknown {
  if (typeof template === 'string') {
    return template.replace(ASSET_HASH, ASSET_HASH_PLACEHOLDER);
  }
  if (Array.isArray(template)) {
    return template.map((item) => normalizeTemplate(item));
  }
  if (template !== null && typeof template === 'object') {
    const normalized: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template as Record<string, unknown>)) {
      normalized[key.replace(ASSET_HASH, ASSET_HASH_PLACEHOLDER)] = normalizeTemplate(value);
    }
    return normalized;
  }
  return template;
}

/**
 * A Jest snapshot serializer for CloudFormation templates: `expect.addSnapshotSerializer(templateSerializer)`
 * then `expect(Template.fromStack(stack).toJSON()).toMatchSnapshot()`.
 */
export const templateSerializer = {
  test(value: unknown): boolean {
    return (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      'Resources' in (value as Record<string, unknown>) &&
      !(value as Record<symbol, unknown>)[SERIALIZED]
    );
  },
  serialize<Config, Refs>(
    value: unknown,
    config: Config,
    indentation: string,
    depth: number,
    refs: Refs,
    printer: (value: unknown, config: Config, indentation: string, depth: number, refs: Refs) => string,
  ): string {
    const normalized = normalizeTemplate(value) as Record<string, unknown>;
    Object.defineProperty(normalized, SERIALIZED, { value: true, enumerable: false });
    return printer(normalized, config, indentation, depth, refs);
  },
};

const SERIALIZED = Symbol('cdk-scaleup.normalized');
