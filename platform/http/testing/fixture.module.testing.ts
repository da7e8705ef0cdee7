import {
  Body,
  ConflictException,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  InternalServerErrorException,
  Module,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsInt,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { type Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import {
  ConcurrencyError,
  ConflictError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
} from '../../../domain/shared/errors';
import { CorrelationId, RequestLog } from '../correlation-id';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  ForbiddenError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
} from '../problems/http-errors';
import { METRICS_REGISTRY } from '../tokens';

/** A tiny API exercising every convention of the HTTP foundation. Test-only. */
export const SECRET_MESSAGE = 'db password is hunter2 at /srv/app/secret.ts:42';

class OrderLineDto {
  @ApiProperty() @IsString() productId!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(100) quantity!: number;
}

class PlaceOrderDto {
  @ApiProperty({ type: [OrderLineDto] })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];

  @ApiProperty() @IsString() shippingAddressId!: string;
}

class LoginDto {
  @ApiProperty() @IsEmail() email!: string;
  @ApiProperty() @IsString() password!: string;
}

export const THROWERS: Record<string, () => never> = {
  validation: () => {
    throw ValidationError.field('password', 'must contain a letter and a digit');
  },
  'not-found': () => {
    throw new NotFoundError('order o-1 does not exist');
  },
  'illegal-state': () => {
    throw new IllegalStateError('order o-1 is not confirmed');
  },
  conflict: () => {
    throw new ConflictError('sku ABC-1 is taken');
  },
  concurrency: () => {
    throw new ConcurrencyError('order-o-1', '4', 5n);
  },
  unauthorized: () => {
    throw new UnauthorizedError();
  },
  forbidden: () => {
    throw new ForbiddenError();
  },
  unprocessable: () => {
    throw UnprocessableError.field('lines[0].productId', 'unknown product');
  },
  'rate-limited': () => {
    throw new TooManyRequestsError('Too many failed logins.', 899.2);
  },
  'nest-conflict': () => {
    throw new ConflictException('taken');
  },
  'nest-internal': () => {
    throw new InternalServerErrorException(SECRET_MESSAGE);
  },
  secret: () => {
    throw new Error(SECRET_MESSAGE);
  },
  'not-an-error': () => {
    throw { message: SECRET_MESSAGE, stack: SECRET_MESSAGE };
  },
};

// Unref'd: a request cut at the shutdown deadline must not keep the test process alive.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

@Controller()
class FixtureController {
  private readonly orders: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.orders = new Counter({
      name: 'fixture_orders_placed_total',
      help: 'Orders the fixture accepted.',
      registers: [registry],
    });
  }

  @Post('orders')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiProblems(400, 401, 422)
  placeOrder(@Body() body: PlaceOrderDto, @CorrelationId() correlationId: string) {
    this.orders.inc();
    return {
      orderId: 'o-1',
      status: 'pending',
      lines: body.lines.length,
      correlationId,
      position: '42',
    };
  }

  @Post('login')
  @ApiProblems(400, 401, 429)
  login(@Body() body: LoginDto, @Headers() headers: object, @RequestLog() log: Logger) {
    // Careless on purpose: the logger must redact what a handler forgets to.
    log.info({ body, headers, session: { token: 'tok-secret' } }, 'login attempt');
    return { accessToken: 'at-secret', tokenType: 'Bearer' };
  }

  @Get('errors/:kind')
  @ApiProblems(400, 401, 403, 404, 409, 422, 429)
  fail(@Param('kind') kind: string): never {
    const thrower = THROWERS[kind];
    if (!thrower) throw new NotFoundError(`no thrower ${kind}`);
    return thrower();
  }

  @Get('orders/:id')
  order(@Param('id') id: string, @CorrelationId() correlationId: string) {
    return { orderId: id, correlationId };
  }

  @Get('slow')
  async slow(@Query('ms') ms = '200') {
    slowRequests.started += 1;
    await sleep(Number(ms));
    return { slept: Number(ms) };
  }
}

/**
 * How many /slow requests have reached their handler: a shutdown test closes the app only once
 * its request is in flight, whatever the machine's load (a fixed pause is a race).
 */
export const slowRequests = { started: 0 };

@Module({ controllers: [FixtureController] })
export class FixtureModule {}
