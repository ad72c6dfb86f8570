/** The injection token of the ListeningSource implementations (sources.module.ts lists them). */
export const LISTENING_SOURCES = Symbol('LISTENING_SOURCES');
