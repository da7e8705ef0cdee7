import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem-types';
import { toProblem } from './to-problem';

/**
 * The one global exception filter: whatever was thrown, the client gets problem+json without
 * a stack trace, and a server fault is logged with its stack on the request's logger (which
 * carries the correlation id).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers, serverFault } = toProblem(error);

    if (serverFault) {
      request.log.error({ err: error, status: problem.status }, 'request failed');
    }
    if (reply.sent) return; // a streamed answer already went out; the log is all we can do

    reply
      .status(problem.status)
      .headers(headers)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problem));
  }
}
