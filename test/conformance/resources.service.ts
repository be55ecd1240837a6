import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { McpRegistry, McpResource } from 'nestjs-mcp';
import { PNG_1X1 } from './fixture-media.js';

/**
 * Resources hosted on a provider, plus one added at run time through {@link McpRegistry} (after discovery, so it
 * lists after the decorated ones).
 */
@Injectable()
export class ResourcesService implements OnApplicationBootstrap {
  constructor(private readonly registry: McpRegistry) {}

  @McpResource({ uri: 'test://static-binary', name: 'static_binary', description: 'A static PNG image', mimeType: 'image/png' })
  staticBinary(): Buffer {
    return PNG_1X1;
  }

  onApplicationBootstrap(): void {
    this.registry.addResource({
      uri: 'test://watched-resource',
      name: 'watched_resource',
      description: 'A resource clients can subscribe to',
      mimeType: 'text/plain',
      handler: () => 'This is a watched resource.',
    });
  }
}
