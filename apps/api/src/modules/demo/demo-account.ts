/** The demo owner's sign-in, published on purpose (README, GET /api/v1/demo): never an admin (docs/demo.md). */
export const DEMO_EMAIL = 'demo@soundlink.demo';
export const DEMO_PASSWORD = 'soundlink-demo-2026';
