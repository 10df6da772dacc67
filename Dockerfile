# syntax=docker/dockerfile:1
#
# armswatch: a small, non-root image holding one static binary (the bundled
# data is embedded in it). Build and run:
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t armswatch .
#   docker run --env-file .env -v armswatch-index:/var/lib/armswatch armswatch
#
# or use docker-compose.yml. See the README, "Docker".

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so that a code change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/armswatch ./cmd/armswatch
# The index volume's directory, owned by the runtime user (uid 65532): a new
# named volume mounted there starts with this owner.
RUN mkdir -p /out/var/lib/armswatch/index

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="armswatch" \
      org.opencontainers.image.description="Discord bot answering questions about reported arms transfers with cited, verbatim sources" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="see the repository"
COPY --from=build /out/armswatch /usr/local/bin/armswatch
COPY --from=build --chown=65532:65532 /out/var/lib/armswatch /var/lib/armswatch
# DATA_DIR is empty: the bundled data serves until a moderator mounts a data
# directory (e.g. -v ./mydata:/data:ro) and sets DATA_DIR=/data.
ENV INDEX_PATH=/var/lib/armswatch/index \
    OPS_ADDR=0.0.0.0:9090 \
    LOG_FORMAT=json
VOLUME ["/var/lib/armswatch"]
USER 65532:65532
EXPOSE 9090
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
    CMD ["/usr/local/bin/armswatch", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/armswatch"]
CMD ["serve"]
