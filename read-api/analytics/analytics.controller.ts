import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Knex } from 'knex';
import { Authenticated } from '../../platform/auth/nest/bearer-auth.guard';
import { ApiProblems } from '../../platform/http';
import {
  analyticsSales,
  analyticsSummary,
  analyticsTopProducts,
} from '../../projections/analytics/queries';
import { analyticsWindow, salesWindow } from '../../projections/analytics/window';
import { ReadsFrom } from '../shared/reads-from.decorator';
import { READ_MODELS } from '../shared/tokens';
import { AnalyticsWindowQueryDto, SalesQueryDto, TopProductsQueryDto } from './analytics.queries';
import {
  AnalyticsSummaryResponse,
  SalesBucketResponse,
  TopProductResponse,
} from './analytics.responses';

/**
 * Shop figures for admins, from hourly buckets (UTC). Revenue and units count paid orders at the
 * time of payment; a cancellation after payment subtracts them at the time of cancellation.
 * A bad window (`from` not before `to`, an unreadable date, too many hourly rows) is a 400
 * naming the field.
 */
@ApiTags('analytics')
@Controller('analytics')
@Authenticated('admin')
@ReadsFrom('analytics')
export class AnalyticsController {
  constructor(@Inject(READ_MODELS) private readonly db: Knex) {}

  @Get('summary')
  @ApiOperation({ summary: 'Order, revenue and sign-up totals of a window' })
  @ApiOkResponse({ type: AnalyticsSummaryResponse })
  @ApiProblems(400, 401, 403)
  getSalesSummary(@Query() query: AnalyticsWindowQueryDto): Promise<AnalyticsSummaryResponse> {
    return analyticsSummary(this.db, analyticsWindow(query, new Date()));
  }

  @Get('sales')
  @ApiOperation({
    summary: 'Sales per hour or day',
    description: 'One row per bucket of the window, oldest first; buckets without sales are zeros.',
  })
  @ApiOkResponse({ type: [SalesBucketResponse] })
  @ApiProblems(400, 401, 403)
  getSales(@Query() query: SalesQueryDto): Promise<SalesBucketResponse[]> {
    const { granularity } = query;
    return analyticsSales(this.db, salesWindow(query, new Date(), granularity), granularity);
  }

  @Get('top-products')
  @ApiOperation({
    summary: 'Best-selling products of a window',
    description: 'By units sold, then revenue, then productId.',
  })
  @ApiOkResponse({ type: [TopProductResponse] })
  @ApiProblems(400, 401, 403)
  getTopProducts(@Query() query: TopProductsQueryDto): Promise<TopProductResponse[]> {
    return analyticsTopProducts(this.db, analyticsWindow(query, new Date()), query.limit);
  }
}
