export * from "./definition";
export * from "./builder";
export * from "./render/mermaid";
