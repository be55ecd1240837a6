import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { McpModule } from 'nestjs-mcp';
import { AuthNotesController, AuthToolsService } from './auth/auth.fixture.js';
import { startStaticSite, type StaticSite } from './browser/static-site.server.js';
import { PLATFORMS, startAppOn, type RunningApp } from './utils/start-app.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Needs Debian's chromium package (.ci/run installs it when it can).
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;

describeWithChromium('A browser page on another origin uses the SDK client through CORS', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(() => browser.close());

  describe.each(PLATFORMS)('on %s', (platform) => {
    const start = startAppOn(platform);
    let site: StaticSite;
    let app: RunningApp;

    beforeAll(async () => {
      site = await startStaticSite(() => app.mcpUrl.toString());
      app = await start(
        {
          imports: [McpModule.forRoot({ name: 'browser', allowedOrigins: [site.origin] })],
          controllers: [AuthNotesController],
          providers: [AuthToolsService],
        },
        (nest) => nest.enableCors({ origin: [site.origin] }),
      );
    });
    afterAll(async () => {
      await app.close();
      await site.close();
    });

    it('initializes, lists and calls a tool', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${site.origin}/`);
        // Runs in the page, where the script leaves its outcome in `window.mcpResult`.
        await page.waitForFunction(() => (globalThis as { mcpResult?: unknown }).mcpResult !== undefined);
        const result = await page.evaluate(() => (globalThis as unknown as { mcpResult: Record<string, unknown> }).mcpResult);
        expect(result.error).toBeUndefined();
        expect(result.sessionId).toEqual(expect.any(String));
        expect(result.protocolVersion).toBe('2025-11-25');
        expect(result.tools).toEqual(expect.arrayContaining(['provider_whoami', 'interview']));
        expect(result.called).toMatchObject({ structuredContent: { user: null, requestUser: 'unset' } });
      } finally {
        await page.close();
      }
    });
  });
});
