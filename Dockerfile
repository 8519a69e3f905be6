# syntax=docker/dockerfile:1
# Foyer, one image for every role: `serve` (default), `worker`, `db migrate` (command override).
# Not built here (no Docker engine on the machines this was written on); test/e2e/deployments
# checks its structure only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# The npm the lockfile was written with (Node 20 ships npm 10).
RUN npm install --global npm@11.19.1
COPY . .
# `npm ci` installs everything and builds (the `prepare` script: TypeScript and the web app);
# then the development dependencies go.
RUN --mount=type=cache,target=/root/.npm npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system --gid 10001 foyer \
  && useradd --system --uid 10001 --gid foyer --home-dir /app --shell /usr/sbin/nologin foyer \
  && mkdir -p /data \
  && chown foyer:foyer /data
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
# Embedded mode keeps PostgreSQL, objects, the outbox and the master key here: mount a volume.
# Hosted mode writes nothing here.
ENV FOYER_DATA_DIR=/data
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["node", "bin/foyer.js"]
CMD ["serve"]
