/** The faultline version: part of every trace header and repro (a test keeps it equal to package.json). */
export const FAULTLINE_VERSION = '0.3.0';
