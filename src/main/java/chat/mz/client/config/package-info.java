/** Where the app keeps its files ({@link chat.mz.client.config.AppPaths}) and the user's settings. */
package chat.mz.client.config;
