# disclosure-watch: build the TypeScript once, run the compiled JavaScript as a non-root user.
# Pinned to a patch release (see docker-compose.yml for pinning by digest as well).
FROM node:20.18.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Without scripts: `prepare` builds dist/, which needs the sources copied below.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:20.18.1-bookworm-slim
ENV NODE_ENV=production
# The escalation digests' charts draw their Chinese labels with Noto Sans CJK (SIL OFL); without a CJK font the
# digests go without their pictures (the start-up says so). DW_CHART_FONT may name another font file.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Without scripts: dist/ comes from the build stage (`prepare` would need the compiler, a dev dependency).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# The admin's files; mount a volume over /app/config (or set DW_CONFIG_DIR) to use your own.
COPY config ./config
# The embedded ledger's files and the .eml outbox, writable by the non-root user (used only without DATABASE_URL /
# SMTP_URL).
RUN mkdir -p data outbox && chown node:node data outbox
USER node
# The portal (政务公开台账门户) listens on every interface inside the container; PUBLIC_URL says how clerks reach it.
ENV HOST=0.0.0.0 PORT=8080
# glibc's allocator, as `npm start` sets it (src/runtime/allocator-env.ts says why: 9–11 MB less for the worker).
ENV MALLOC_MMAP_THRESHOLD_=32768 MALLOC_ARENA_MAX=2
EXPOSE 8080
# Ready: the ledger (and Redis) answer and the scan keeps up (/readyz, 503 otherwise).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) lets the job in hand finish, then exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["worker"]
