// Before zapier-platform-core loads: no analytics, and no base URL left over from the shell.
process.env.DISABLE_ZAPIER_ANALYTICS = '1';
delete process.env.CREATIVEAI_BASE_URL;
