import { InvalidEnvelopeError, parseEnvelope } from '../../lambda/envelope';

describe('parseEnvelope', () => {
  test('accepts type, payload and idempotencyKey', () => {
    const envelope = parseEnvelope(
      JSON.stringify({ type: 'ecs.run-task', payload: { command: ['ls'] }, idempotencyKey: 'key-1' }),
    );

    expect(envelope).toEqual({ type: 'ecs.run-task', payload: { command: ['ls'] }, idempotencyKey: 'key-1' });
  });

  test('accepts a null payload without idempotencyKey', () => {
    expect(parseEnvelope('{"type":"example.echo","payload":null}')).toEqual({
      type: 'example.echo',
      payload: null,
      idempotencyKey: undefined,
    });
  });

  test.each([
    ['invalid JSON', 'not json', /the body is not valid JSON/],
    ['array body', '[1,2]', /the body must be a JSON object, got an array/],
    ['string body', '"job"', /the body must be a JSON object, got a string/],
    ['null body', 'null', /the body must be a JSON object, got null/],
    ['missing type', '{"payload":1}', /type must be a non-empty string, got nothing/],
    ['numeric type', '{"type":7,"payload":1}', /type must be a non-empty string, got a number/],
    ['empty type', '{"type":"","payload":1}', /type must be a non-empty string/],
    [
      'type with spaces',
      '{"type":"send email","payload":1}',
      /type "send email" is invalid; it must be 1 to 128 characters/,
    ],
    ['type too long', JSON.stringify({ type: 'a'.repeat(129), payload: 1 }), /type "a{128}" is invalid/],
    ['missing payload', '{"type":"example.echo"}', /payload is missing; send "payload": null/],
    [
      'unknown field',
      '{"type":"a","payload":1,"priority":5}',
      /unknown field\(s\) "priority"; an envelope has only type, payload and idempotencyKey/,
    ],
    [
      'numeric key',
      '{"type":"a","payload":1,"idempotencyKey":5}',
      /idempotencyKey must be a non-empty string when present, got a number/,
    ],
    [
      'empty key',
      '{"type":"a","payload":1,"idempotencyKey":""}',
      /idempotencyKey must be a non-empty string/,
    ],
    [
      'key too long',
      JSON.stringify({ type: 'a', payload: 1, idempotencyKey: 'k'.repeat(513) }),
      /idempotencyKey is 513 characters long; the maximum is 512/,
    ],
  ])('rejects %s', (_case, body, message) => {
    expect(() => parseEnvelope(body)).toThrow(InvalidEnvelopeError);
    expect(() => parseEnvelope(body)).toThrow(message);
  });
});
