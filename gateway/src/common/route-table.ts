import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * The routes Express ended up with (declared and hand-written alike), so that a path that exists
 * under another method answers 405 with `Allow` instead of 404.
 */
@Injectable()
export class RouteTable {
  private layers: RouteLayer[] | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The methods the path answers to (empty when no route has this path). */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const layer of this.routeLayers()) {
      if (!layer.match(path)) continue;
      for (const [method, on] of Object.entries(layer.route!.methods))
        if (on && method !== '_all') methods.add(method.toUpperCase());
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }

  private routeLayers(): RouteLayer[] {
    if (!this.layers) {
      // Read once, after start: the routes do not change while the app runs. Wildcard routes are
      // middleware bound to every path (request logging), not resources.
      const app = this.adapterHost.httpAdapter.getInstance() as { router: { stack: RouteLayer[] } };
      this.layers = app.router.stack.filter((layer) => layer.route && !layer.route.path.includes('*'));
    }
    return this.layers;
  }
}
