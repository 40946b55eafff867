/**
 * The project-file prerequisites of each rock extension (rockcraft.md §9), checked the way
 * Rockcraft 1.20 checks them. Each problem carries the upstream error text and, where a fix
 * is safe, the file edit that repairs it (see fixes.ts).
 */
import { goIsMainPackage, goModulePath, packageJsonProblem, pyHasGlobal } from './sources';
import {
  djangoWsgiLocations, findAsgiLocation, findWsgiEntrypoint, frameworkFacts, pythonEntrypointLocations, pythonRequirements,
  type FrameworkId, type PlainMap, type ProjectView, type RockContext,
} from './frameworks';
import type { TfFix } from './fixes';

export interface RequirementProblem {
  code: string;
  message: string;
  severity: 'error' | 'warning';
  fix?: TfFix;
}

const FLASK_APP = 'import flask\n\napp = flask.Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return "Hello, world!\\n"\n';
const FASTAPI_APP = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def root():\n    return {"message": "Hello, world!"}\n';

const asMap = (v: unknown): PlainMap => (v && typeof v === 'object' && !Array.isArray(v) ? (v as PlainMap) : {});
const hasCommand = (ctx: RockContext, svc: string): boolean => !!asMap(ctx.services?.[svc]).command;

function entrypointFix(project: ProjectView, kind: 'flask' | 'fastapi'): TfFix {
  const appPy = project.read('app.py');
  if (appPy === undefined) {
    return { kind: 'create-file', path: 'app.py', content: kind === 'flask' ? FLASK_APP : FASTAPI_APP, title: `Create app.py with a minimal ${kind === 'flask' ? 'Flask' : 'FastAPI'} \`app\`` };
  }
  const text = kind === 'flask' ? 'import flask\n\napp = flask.Flask(__name__)\n' : 'from fastapi import FastAPI\n\napp = FastAPI()\n';
  return { kind: 'append-file', path: 'app.py', text, title: `Add a module-level \`app\` to app.py` };
}

/** The Maven or Gradle wrapper that exists but is known not to be executable. */
function notExecutableWrapper(project: ProjectView): string | undefined {
  return ['mvnw', 'gradlew'].find((w) => project.exists(w) && project.executable?.(w) === false);
}

/** The extension's complaints about the project files, in Rockcraft's order. */
export function checkProjectFiles(fw: FrameworkId, ctx: RockContext): RequirementProblem[] {
  const project = ctx.project;
  if (!project) return [];
  const out: RequirementProblem[] = [];
  const err = (code: string, message: string, fix?: TfFix): void => {
    out.push({ code, message, severity: 'error', fix });
  };
  switch (fw) {
    case 'flask': {
      const hasReq = project.exists('requirements.txt');
      if (!hasReq && !project.exists('pyproject.toml')) {
        err('tf-missing-requirements',
          "missing a requirements file (requirements.txt or pyproject.toml). The flask-framework extension requires one of these files with 'flask' specified as a dependency.",
          { kind: 'create-file', path: 'requirements.txt', content: 'Flask\n', title: 'Create requirements.txt with Flask' });
      } else if (!pythonRequirements(project).has('flask')) {
        err('tf-missing-dependency', 'missing flask package dependency in requirements file.',
          hasReq ? { kind: 'append-file', path: 'requirements.txt', text: 'Flask\n', title: 'Add Flask to requirements.txt' } : undefined);
      }
      if (!hasCommand(ctx, 'flask') && !findWsgiEntrypoint(project, ctx.name)) {
        err('tf-missing-entrypoint',
          `Missing WSGI entrypoint in default search locations (${pythonEntrypointLocations(ctx.name).join(', ')}): define a module-level \`app\` or \`application\` ` +
          '(for example `app = flask.Flask(__name__)`) or a `create_app()`/`make_app()` function in one of them, or set `services.flask.command`.',
          entrypointFix(project, 'flask'));
      }
      break;
    }
    case 'django': {
      if (!project.exists('requirements.txt')) {
        err('tf-missing-requirements', 'missing requirements.txt file, django-framework extension requires this file with Django specified as a dependency',
          { kind: 'create-file', path: 'requirements.txt', content: 'Django\n', title: 'Create requirements.txt with Django' });
        break;
      }
      if (!hasCommand(ctx, 'django')) {
        const locations = djangoWsgiLocations(ctx.name);
        const ok = locations.some((loc) => {
          const src = project.read(loc);
          return src !== undefined && pyHasGlobal(src, 'application');
        });
        if (!ok) {
          err('tf-missing-entrypoint',
            `django application can not be imported, unable to locate a wsgi.py with an 'application' callable in the default discovery locations (${locations.join(', ')}). ` +
            `The Django project must be in a folder named after the rock (\`${locations[0].split('/')[0]}/\`).`);
        }
      }
      break;
    }
    case 'fastapi': {
      const req = project.read('requirements.txt');
      if (req === undefined) {
        err('tf-missing-requirements',
          "missing a requirements.txt file. The fastapi-framework extension requires this file with 'fastapi'/'starlette' specified as a dependency.",
          { kind: 'create-file', path: 'requirements.txt', content: 'fastapi\n', title: 'Create requirements.txt with fastapi' });
      } else if (!req.split(/\r?\n/).some((l) => /fastapi|starlette/i.test(l))) {
        err('tf-missing-dependency', 'missing fastapi or starlette package dependency in requirements.txt file.',
          { kind: 'append-file', path: 'requirements.txt', text: 'fastapi\n', title: 'Add fastapi to requirements.txt' });
      }
      if (!hasCommand(ctx, 'fastapi') && !findAsgiLocation(project, ctx.name)) {
        err('tf-missing-entrypoint',
          "missing ASGI entrypoint. Cannot find 'app' global variable in the following places: 1. app.py. 2. In files __init__.py, and main.py in the 'app','src', and root project directories. " +
          `(Searched: ${pythonEntrypointLocations(ctx.name).join(', ')}.)`,
          entrypointFix(project, 'fastapi'));
      }
      break;
    }
    case 'go': {
      const goMod = project.read('go.mod');
      if (goMod === undefined) {
        err('tf-missing-go-mod', 'missing go.mod file, it should be present in the project directory',
          { kind: 'create-file', path: 'go.mod', content: `module ${ctx.name ?? 'app'}\n\ngo 1.22\n`, title: 'Create go.mod' });
        break;
      }
      const name = ctx.name;
      const module = goModulePath(goMod);
      const binary = module?.split('/').pop();
      const organize = asMap(asMap(ctx.parts?.['go-framework/install-app']).organize);
      if (name && binary && binary !== name && !hasCommand(ctx, 'go') && !Object.values(organize).includes(`usr/local/bin/${name}`)) {
        const rootMain = (project.list('') ?? []).filter((f) => f.endsWith('.go')).some((f) => goIsMainPackage(project.read(f) ?? ''));
        if (rootMain) {
          out.push({
            code: 'tf-go-binary-name', severity: 'warning',
            message: `The go-framework extension runs the binary \`${name}\` (the rock name), but go.mod declares module \`${module}\`, so \`go install\` names the binary \`${binary}\`: ` +
              `the service would not start. Rename the module, or add \`organize: {bin/${binary}: usr/local/bin/${name}}\` to the \`go-framework/install-app\` part.`,
          });
        }
      }
      break;
    }
    case 'expressjs': {
      const pkg = project.read('app/package.json');
      if (pkg === undefined) {
        err('tf-package-json', "missing package.json file in 'app' directory",
          {
            kind: 'create-file', path: 'app/package.json', title: 'Create app/package.json',
            content: `${JSON.stringify({ name: ctx.name ?? 'app', version: '0.1.0', private: true, scripts: { start: 'node app.js' }, dependencies: { express: '^4.21.0' } }, null, 2)}\n`,
          });
        break;
      }
      const { problem } = packageJsonProblem(pkg);
      const messages: Record<string, string> = {
        'invalid-json': 'failed to parse package.json; it might contain invalid JSON',
        'not-an-object': 'invalid package.json file',
        'missing-start': "missing 'scripts.start' field in package.json",
        'missing-name': "missing 'name' field in package.json",
      };
      if (problem) err('tf-package-json', `${messages[problem]} (app/package.json)`);
      break;
    }
    case 'spring-boot': {
      const pom = project.exists('pom.xml');
      const gradle = project.exists('build.gradle');
      const wrapper = notExecutableWrapper(project);
      if (pom && gradle) {
        err('tf-spring-boot-build-files', 'both pom.xml and build.gradle files exist: you cannot have both Maven and Gradle build files in the same project');
      } else if (project.exists('mvnw') && project.exists('gradlew')) {
        err('tf-spring-boot-build-files', 'both mvnw and gradlew executable files exist: you cannot have both Maven and Gradle executables in the same project');
      } else if (!pom && !gradle) {
        err('tf-spring-boot-build-files', 'missing pom.xml and build.gradle file: you must have either a Maven pom.xml or a Gradle build.gradle file in your project');
      } else if (wrapper) {
        err('tf-spring-boot-wrapper', `mvnw or gradlew file is not executable: \`${wrapper}\` has no execute permission, so the build cannot run it. Run \`chmod +x ${wrapper}\` (and \`git update-index --chmod=+x ${wrapper}\` so the repository keeps it).`);
      } else if (!gradle && asMap(ctx.parts?.['spring-boot-framework/gradle-init-script'])['override-build']) {
        err('tf-gradle-init-script', 'gradle init script part is enabled for non-gradle build: `spring-boot-framework/gradle-init-script` only works with a build.gradle project.');
      }
      break;
    }
  }
  return out;
}

/** A sentence listing what the extension needs, for hovers and messages. */
export function describeRequirements(fw: FrameworkId): string {
  return frameworkFacts(fw).rock.projectFiles.map((f) => f.description).join('; ');
}
