import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  goIsMainPackage, goModulePath, packageJsonProblem, pyHasFunction, pyHasGlobal, pyprojectDependencies, requirementName, requirementNames,
} from '../../../server/src/service/twelveFactor/sources';

void test('pyHasGlobal finds module-level assignments and from-imports, as ast.iter_child_nodes does', () => {
  assert.ok(pyHasGlobal('import flask\n\napp = flask.Flask(__name__)\n', 'app'));
  assert.ok(pyHasGlobal('application = app = make()\n', 'app'), 'chained assignment binds every target');
  assert.ok(pyHasGlobal('from .factory import app\n', 'app'));
  assert.ok(pyHasGlobal('from .factory import (\n    make,\n    server as app,\n)\n', 'app'), 'multi-line import with alias');
  assert.ok(pyHasGlobal('app = Flask(\n    __name__,\n    static_folder="s",\n)\n', 'app'));
  assert.ok(pyHasGlobal('x = 1\napp = 2\n', 'app'), 'not the first statement');
});

void test('pyHasGlobal ignores what Rockcraft ignores', () => {
  assert.ok(!pyHasGlobal('def create():\n    app = Flask(__name__)\n    return app\n', 'app'), 'inside a function');
  assert.ok(!pyHasGlobal('if __name__ == "__main__":\n    app = 1\n', 'app'), 'inside a block');
  assert.ok(!pyHasGlobal('app: Flask = Flask(__name__)\n', 'app'), 'annotated assignment is not ast.Assign');
  assert.ok(!pyHasGlobal('"""\napp = 1\n"""\n', 'app'), 'inside a docstring');
  assert.ok(!pyHasGlobal('# app = 1\n', 'app'), 'a comment');
  assert.ok(!pyHasGlobal('if app == 1:\n    pass\n', 'app'), 'a comparison');
  assert.ok(!pyHasGlobal('from flask import Flask as app_class\n', 'app'));
  assert.ok(!pyHasGlobal('run(app=1)\n', 'app'), 'a keyword argument');
  assert.ok(!pyHasGlobal('import app\n', 'app'), 'plain import is not ImportFrom');
});

void test('pyHasFunction finds top-level def only', () => {
  assert.ok(pyHasFunction('def create_app():\n    return 1\n', 'create_app'));
  assert.ok(!pyHasFunction('async def create_app():\n    return 1\n', 'create_app'));
  assert.ok(!pyHasFunction('class A:\n    def create_app(self):\n        pass\n', 'create_app'));
});

void test('requirementName parses pip requirement lines like packaging.Requirement', () => {
  assert.equal(requirementName('Flask==3.0.0'), 'flask');
  assert.equal(requirementName('flask[async] >= 2'), 'flask');
  assert.equal(requirementName('Flask-Login'), 'flask-login');
  assert.equal(requirementName('gevent ; python_version > "3.8"'), 'gevent');
  assert.equal(requirementName('  # flask'), undefined);
  assert.equal(requirementName('-r base.txt'), undefined);
  assert.equal(requirementName('https://example.com/flask.tar.gz'), undefined);
  assert.equal(requirementName('flask @ git+https://github.com/pallets/flask'), 'flask');
  assert.deepEqual([...requirementNames('Flask\n# comment\ngunicorn==23\n')], ['flask', 'gunicorn']);
});

void test('pyprojectDependencies reads [project].dependencies only', () => {
  const toml = '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "x"\ndependencies = [\n  "Flask>=3",  # web\n  \'gevent\',\n]\n\n[tool.x]\ndependencies = ["nope"]\n';
  assert.deepEqual(pyprojectDependencies(toml), ['Flask>=3', 'gevent']);
  assert.deepEqual(pyprojectDependencies('[project]\ndependencies = ["a", "b"]\n'), ['a', 'b']);
  assert.deepEqual(pyprojectDependencies('[tool.poetry.dependencies]\nflask = "^3"\n'), []);
});

void test('go.mod and Go sources', () => {
  assert.equal(goModulePath('// c\nmodule example.com/hello-server\n\ngo 1.22\n'), 'example.com/hello-server');
  assert.equal(goModulePath('go 1.22\n'), undefined);
  assert.ok(goIsMainPackage('// Package x\npackage main\n'));
  assert.ok(!goIsMainPackage('/* package main */\npackage server\n'));
});

void test('package.json problems come in the extension order', () => {
  assert.deepEqual(packageJsonProblem('{'), { problem: 'invalid-json' });
  assert.deepEqual(packageJsonProblem('[]'), { problem: 'not-an-object' });
  assert.deepEqual(packageJsonProblem('{"name": "x"}'), { problem: 'missing-start' });
  assert.deepEqual(packageJsonProblem('{"scripts": {"start": "node a.js"}, "name": 3}'), { problem: 'missing-name' });
  assert.deepEqual(packageJsonProblem('{"scripts": {"start": "node a.js"}, "name": "x"}'), { name: 'x' });
});
