"""Which build and release hooks say that every deploy of the branch runs the migrations."""

from __future__ import annotations

from launchgate.checks.migrations.deployhook import deploys_each_push, hook_files


def test_platform_build_scripts_that_migrate():
    vercel = '{"scripts": {"vercel-build": "prisma migrate deploy && next build"}}'
    build = '{"scripts": {"build": "prisma migrate deploy && next build", "dev": "next dev"}}'
    assert deploys_each_push({"package.json": vercel}) == "package.json script vercel-build"
    assert deploys_each_push({"apps/web/package.json": build}) == (
        "apps/web/package.json script build")


def test_scripts_that_do_not_deploy_migrations():
    dev = '{"scripts": {"build": "next build", "db:migrate": "prisma migrate deploy",' \
          ' "migrate": "prisma migrate dev"}}'
    assert deploys_each_push({"package.json": dev}) is None  # run by hand, not by every build
    assert deploys_each_push({"package.json": "{not json"}) is None
    assert deploys_each_push({"package.json": '["a list"]'}) is None
    assert deploys_each_push({"package.json": '{"scripts": "build"}'}) is None


def test_release_steps_of_heroku_fly_and_render():
    assert deploys_each_push({"Procfile": "web: gunicorn app\nrelease: python manage.py migrate\n"}
                             ) == "Procfile release"
    assert deploys_each_push({"Procfile": "web: python manage.py migrate && gunicorn app\n"}) is None
    assert deploys_each_push({"fly.toml": "[deploy]\n  release_command = 'bin/rails db:migrate'\n"}
                             ) == "fly.toml release_command"
    render = "services:\n  - type: web\n    startCommand: npx prisma migrate deploy && node s.js\n"
    assert deploys_each_push({"render.yaml": render}) == "render.yaml deploy step"
    assert deploys_each_push({"render.yaml": "services:\n  - startCommand: node s.js\n"}) is None


def test_only_the_apps_own_manifests_are_read():
    paths = ["package.json", "apps/web/package.json", "node_modules/x/package.json",
             "examples/next/package.json", "a/b/c/d/package.json", "Procfile", "src/index.ts",
             "tests/fixtures/fly.toml"]
    assert hook_files(paths) == ["Procfile", "apps/web/package.json", "package.json"]
