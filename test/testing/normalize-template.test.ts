import { ASSET_HASH_PLACEHOLDER, normalizeTemplate, templateSerializer } from '../../lib/testing';

const HASH = 'f178182c7c3aac6ad18bdaae53a2d38f72b2cf690d17b9efa635c7ce37f77d71';

describe('normalizeTemplate', () => {
  test('replaces hashes in values and keys', () => {
    const template = {
      Resources: {
        Fn: { Properties: { Code: { S3Key: `${HASH}.zip` } }, Metadata: { [`asset:${HASH}`]: HASH } },
      },
    };
    expect(normalizeTemplate(template)).toEqual({
      Resources: {
        Fn: {
          Properties: { Code: { S3Key: `${ASSET_HASH_PLACEHOLDER}.zip` } },
          Metadata: { [`asset:${ASSET_HASH_PLACEHOLDER}`]: ASSET_HASH_PLACEHOLDER },
        },
      },
    });
  });

  test('leaves the input unchanged', () => {
    const template = { Resources: { A: { S3Key: HASH } } };
    normalizeTemplate(template);
    expect(template.Resources.A.S3Key).toBe(HASH);
  });

  test('keeps shorter hex strings', () => {
    expect(normalizeTemplate({ Id: 'abc123' })).toEqual({ Id: 'abc123' });
  });

  test('serializer matches templates only', () => {
    expect(templateSerializer.test({ Resources: {} })).toBe(true);
    expect(templateSerializer.test({ Other: {} })).toBe(false);
    expect(templateSerializer.test(null)).toBe(false);
  });
});

describe('templateSerializer', () => {
  expect.addSnapshotSerializer(templateSerializer);

  test('snapshot shows the placeholder', () => {
    expect({ Resources: { Fn: { S3Key: `${HASH}.zip` } } }).toMatchInlineSnapshot(`
{
  "Resources": {
    "Fn": {
      "S3Key": "[ASSET-HASH].zip",
    },
  },
}
`);
  });
});
