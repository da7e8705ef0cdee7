import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import {
  NotPermittedError,
  UnusableReferenceError,
  ValidationError,
} from '../../../domain/shared/errors';
import { ServiceUnavailableError, TooManyRequestsError } from './http-errors';
import { PROBLEM_BASE_URI } from './problem-types';
import { toProblem } from './to-problem';

describe('toProblem', () => {
  it('keeps an HttpException status the catalogue does not know, as about:blank', () => {
    const { problem, serverFault } = toProblem(new HttpException('It moved away.', 410));
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      detail: 'It moved away.',
    });
    expect(serverFault).toBe(false);
  });

  it('hides the message of a 5xx HttpException and flags it for the log', () => {
    const { problem, serverFault } = toProblem(
      new ServiceUnavailableException('pg at 10.0.0.3 down'),
    );
    expect(problem.status).toBe(503);
    expect(problem.detail).not.toContain('10.0.0.3');
    expect(serverFault).toBe(true);
  });

  it('joins the message list of an HttpException body', () => {
    const error = new HttpException({ message: ['a is bad', 'b is bad'] }, 400);
    expect(toProblem(error).problem.detail).toBe('a is bad; b is bad');
  });

  it('answers an unusable reference with 422, naming each field', () => {
    const errors = [{ field: 'lines[1].productId', message: 'unknown product' }];
    expect(toProblem(new UnusableReferenceError(errors)).problem).toEqual({
      type: `${PROBLEM_BASE_URI}unprocessable`,
      title: 'Unprocessable request',
      status: 422,
      detail: 'lines[1].productId: unknown product',
      errors,
    });
  });

  it('answers a command the actor may not send with 403', () => {
    const { problem } = toProblem(new NotPermittedError('only the customer pays'));
    expect(problem).toMatchObject({ type: `${PROBLEM_BASE_URI}forbidden`, status: 403 });
  });

  it('leaves out an empty errors list', () => {
    expect(toProblem(new ValidationError([])).problem).not.toHaveProperty('errors');
  });

  it('rounds Retry-After up to whole seconds, at least one', () => {
    expect(toProblem(new TooManyRequestsError('slow down', 0.2)).headers).toEqual({
      'retry-after': '1',
    });
  });

  it('adds extensions without letting them override the standard members', () => {
    const error = new ServiceUnavailableError('Not ready: redis unavailable.', {
      checks: { redis: { status: 'down' } },
      status: 200,
      type: 'x',
    });
    const { problem, headers } = toProblem(error);
    expect(problem).toMatchObject({
      type: `${PROBLEM_BASE_URI}service-unavailable`,
      status: 503,
      checks: { redis: { status: 'down' } },
    });
    expect(headers['retry-after']).toBe('5');
  });
});
