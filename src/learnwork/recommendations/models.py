"""(models are added with the app's first feature)"""
