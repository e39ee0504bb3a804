import { textEl } from '../format/element';
import { ok, type Route } from '../http/route';
import { productFor } from '../versions';

/**
 * `GET /serverinfo` (2.4+, no auth). Shaped like the captures (`server_info_get.xml`):
 * only productVersion and restApiVersion, although the 3.29 XSD lists more children.
 */
export const serverInfoRoutes: Route[] = [
  {
    method: 'GET',
    path: '/serverinfo',
    auth: 'none',
    handler: (ctx) => {
      const { productVersion, build } = productFor(ctx.state.serverVersion);
      return ok([
        {
          name: 'serverInfo',
          children: [
            textEl('productVersion', productVersion, { build }),
            textEl('restApiVersion', ctx.state.serverVersion),
          ],
        },
      ]);
    },
  },
];
