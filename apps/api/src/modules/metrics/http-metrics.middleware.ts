import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';

/** Observes every request's latency, labelled with the matched route pattern (never the raw path). */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const stop = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const pattern = req.route?.path as string | undefined;
      const route = pattern ? `${req.baseUrl}${pattern}` : res.statusCode === 404 ? 'unmatched' : 'static';
      stop({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
