import { router as defaultRouter, registerJobHandler } from '../../lambda';
import { JobRouter, UnknownJobTypeError } from '../../lambda/router';

describe('JobRouter', () => {
  test('resolves a registered handler', () => {
    const handler = jest.fn();
    const router = new JobRouter().register('report.build', handler);

    expect(router.resolve('report.build')).toBe(handler);
    expect(router.has('report.build')).toBe(true);
  });

  test('unknown type lists the registered types', () => {
    const router = new JobRouter().register('b.job', jest.fn()).register('a.job', jest.fn());

    expect(() => router.resolve('c.job')).toThrow(UnknownJobTypeError);
    expect(() => router.resolve('c.job')).toThrow(
      'no handler is registered for job type "c.job"; registered types are a.job, b.job',
    );
  });

  test('second registration of a type throws', () => {
    const router = new JobRouter().register('a.job', jest.fn());

    expect(() => router.register('a.job', jest.fn())).toThrow('job type "a.job" already has a handler');
  });

  test('default router has the built-in job types', () => {
    expect(defaultRouter.types()).toEqual(expect.arrayContaining(['ecs.run-task', 'example.echo']));
  });

  test('registerJobHandler adds to the default router', () => {
    const handler = jest.fn();

    registerJobHandler('test.router-registration', handler);

    expect(defaultRouter.resolve('test.router-registration')).toBe(handler);
    expect(() => registerJobHandler('example.echo', jest.fn())).toThrow(/already has a handler/);
  });
});
