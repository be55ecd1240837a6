#!/usr/bin/env node
/**
 * Proves the packed package works in the apps people have: builds and packs this repository, then for a CommonJS
 * NestJS 11 app, a CommonJS NestJS 12 app and an ESM NestJS 12 app (test/compat/*) installs the tarball with plain
 * `npm install` (no flags), compiles the shared app sources, boots the app and runs the scripted MCP walk against
 * it. Then runs the end-to-end suite (test/, Redis specs aside) against NestJS 11 (`npm test` runs it on NestJS 12).
 *
 *   node scripts/compat.mjs             # every app and the suite on Nest 11
 *   node scripts/compat.mjs nest11-cjs  # one app
 *   node scripts/compat.mjs --no-e2e    # the apps only
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './conformance/processes.mjs';
import { runMcpWalk } from './compat/mcp-walk.mjs';

const PROJECTS = [
  { name: 'nest11-cjs', nestMajor: 11, format: 'commonjs' },
  { name: 'nest12-cjs', nestMajor: 12, format: 'commonjs' },
  { name: 'nest12-esm', nestMajor: 12, format: 'module' },
];
const BOOT_TIMEOUT_MS = 30_000;

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function packRepository(destination) {
  run('npm', ['run', 'build'], root);
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', destination], root));
  return join(destination, packed.filename);
}

/** Copies a compat project and the shared app sources into a fresh directory and installs it with the tarball. */
function prepareProject(project, tarball, workDir) {
  const dir = join(workDir, project.name);
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'test', 'compat', project.name), dir, { recursive: true });
  cpSync(join(root, 'test', 'compat', 'app'), join(dir, 'src'), { recursive: true });
  run('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund', tarball], dir);
  const nest = JSON.parse(readFileSync(join(dir, 'node_modules', '@nestjs', 'core', 'package.json'), 'utf8'));
  if (Number(nest.version.split('.')[0]) !== project.nestMajor) {
    throw new Error(`${project.name}: expected NestJS ${project.nestMajor}, npm installed ${nest.version}.`);
  }
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir);
  const main = readFileSync(join(dir, 'dist', 'main.js'), 'utf8');
  const isCommonJs = main.includes('require("');
  if (isCommonJs !== (project.format === 'commonjs')) {
    throw new Error(`${project.name}: dist/main.js is not ${project.format}.`);
  }
  return { dir, nestVersion: nest.version };
}

/** Starts `node dist/main.js` and resolves with the child and its URL once it prints its port. */
function bootApp(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`The app did not start within ${BOOT_TIMEOUT_MS} ms.`)), BOOT_TIMEOUT_MS);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}\n${output}`));
    };
    const onData = (chunk) => {
      output += chunk;
      const match = /LISTENING (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: new URL(`http://127.0.0.1:${match[1]}/mcp`), output: () => output });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => fail(new Error(`The app exited with code ${code} before listening.`)));
  });
}

async function checkProject(project, tarball, workDir) {
  const { dir, nestVersion } = prepareProject(project, tarball, workDir);
  const app = await bootApp(dir);
  try {
    const steps = await runMcpWalk(app.url);
    console.log(`ok ${project.name} (NestJS ${nestVersion}, ${project.format}): ${steps.join(', ')}`);
  } catch (error) {
    error.message += `\n--- app output ---\n${app.output()}`;
    throw error;
  } finally {
    app.child.removeAllListeners('exit');
    app.child.kill();
  }
}

/** The Nest 11 packages the suite maps `@nestjs/*` to; everything else resolves from the repository. */
const NEST11_SUITE_PACKAGES = {
  '@nestjs/common': '^11.0.0',
  '@nestjs/core': '^11.0.0',
  '@nestjs/platform-express': '^11.0.0',
  '@nestjs/platform-fastify': '^11.0.0',
  '@nestjs/testing': '^11.0.0',
  '@nestjs/swagger': '^11.0.0',
};

/** Installs NestJS 11 beside the repository's packages and runs the end-to-end suite against it. */
function runSuiteOnNest11(workDir) {
  const dir = join(workDir, 'nest11-suite');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nest11-suite', private: true, dependencies: NEST11_SUITE_PACKAGES }));
  run('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund'], dir);
  // Nest 11 must find class-validator and class-transformer in the repository, where the specs' DTOs registered.
  for (const shadowing of ['class-validator', 'class-transformer']) {
    rmSync(join(dir, 'node_modules', shadowing), { recursive: true, force: true });
  }
  const jest = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', 'test/compat/jest.nest11.config.js'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEST11_DIR: dir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
    },
  );
  if (jest.status !== 0) {
    throw new Error(`The end-to-end suite failed on NestJS 11 (exit ${jest.status ?? jest.signal}).`);
  }
  console.log('ok end-to-end suite on NestJS 11');
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.filter((arg) => !arg.startsWith('--'));
  const projects = only.length ? PROJECTS.filter((project) => only.includes(project.name)) : PROJECTS;
  const workDir = mkdtempSync(join(tmpdir(), 'nestjs-mcp-compat-'));
  try {
    const tarball = packRepository(workDir);
    for (const project of projects) {
      await checkProject(project, tarball, workDir);
    }
    if (!args.includes('--no-e2e') && only.length === 0) {
      runSuiteOnNest11(workDir);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
