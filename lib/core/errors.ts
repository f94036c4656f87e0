import { IConstruct } from 'constructs';

/**
 * Error thrown at synth when a construct receives an invalid prop.
 *
 * The message always names the construct path, the prop, the value received and what is
 * allowed, so that a user can fix the input without reading this package's source.
 */
export class ScaleUpValidationError extends Error {
  /** Path of the construct that rejected the input, for example `MyStack/Web`. */
  public readonly constructPath: string;

  /** Name of the rejected prop, for example `cpu`. */
  public readonly prop: string;

  constructor(scope: IConstruct, prop: string, detail: string) {
    const path = scope.node.path || '<root>';
    super(`${path}: invalid ${prop}: ${detail}`);
    this.name = 'ScaleUpValidationError';
    this.constructPath = path;
    this.prop = prop;
  }
}
